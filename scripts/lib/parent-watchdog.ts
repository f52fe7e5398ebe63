// Loaded first into every process `npm start` runs (`node --import`), and by
// start.ts itself: the parent keeps an IPC channel open to it, which the
// kernel closes when the parent goes, however it goes (SIGKILL, a crash).
// Then this process stops as if sent SIGTERM (draining, in order) instead of
// running on, orphaned, on its port. A process started without a channel is
// left as it is.
if (process.channel) {
  // The channel must not keep the process alive by itself.
  process.channel.unref();
  process.once('disconnect', () => process.kill(process.pid, 'SIGTERM'));
}

export {};
