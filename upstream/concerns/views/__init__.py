"""Pages: the anonymous intake (speak), the receipt follow-up (receipt) and the leader inbox."""
