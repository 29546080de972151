# The intake is deliberately not in the admin: its entries are sealed and exist only until release.
