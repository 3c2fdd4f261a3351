"""Command-line interface: parse arguments, call the library, render results."""
