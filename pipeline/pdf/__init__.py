"""PDF: finding LibreOffice on Linux, Windows and macOS, and converting batches fast."""
