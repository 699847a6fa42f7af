"""Qt only draws and edits: the window, its pages and the reusable widgets they are built from.

Nothing in here computes what a network does; views take NumPy arrays and emit signals.
"""
