"""Reading: files → grids of cells → typed records → the workspace's inputs."""
