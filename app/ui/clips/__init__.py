"""The Coaching Clips screen: the clip library, playback, tag filter, shareable export."""
