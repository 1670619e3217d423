"""Published statistics (DfE and others): releases kept as vintages, values with GSS symbols."""
