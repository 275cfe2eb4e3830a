"""sco: offline checks and documents for US Security Cooperation Offices."""

__version__ = "0.1.0"
