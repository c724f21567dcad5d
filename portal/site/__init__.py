"""The site layer: what composes offices, the Global Compact and the portal's pages for visitors."""
