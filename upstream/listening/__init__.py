"""Listening sessions: focus groups and town halls, coded by theme like concerns."""
