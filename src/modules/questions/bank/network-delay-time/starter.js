function networkDelayTime(times, n, k) {
  // Return the time until all n nodes have received the signal sent from k, or -1 if some never do.
  return 0;
}
