"""Small widgets shared by the Review, Clips and Reports screens: chips, timeline, player."""
