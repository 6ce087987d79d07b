"""The assessment's screens: the pre-CAF (rating child by child, the suggestion, the
worker's signed decision) and the multi-agency assessment that may follow."""
