"""JSON interchange: the format of CASE-MODEL.md ("The JSON interchange format")."""
