"""Community pages, one module per capability. Views are thin: services hold the rules."""
