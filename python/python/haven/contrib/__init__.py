"""Integrations of haven with frameworks (``haven.contrib.django``)."""
