"""Stage 5: write outputs atomically inside the output folder, and the manifest."""
