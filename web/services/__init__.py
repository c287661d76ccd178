"""The service layer: every change of state goes through one of these functions, which commit."""
