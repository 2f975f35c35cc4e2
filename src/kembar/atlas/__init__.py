"""The bundled world atlas: reading, cleaning, resolving and loading it."""
