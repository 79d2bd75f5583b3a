"""`make bench`: latency and throughput of the real server beside the physical floors, in one run."""
