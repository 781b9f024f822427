"""Asset checks generated from source declarations, and checks that judge one model."""
