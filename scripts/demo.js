// Shared by the demo scripts: print where things run, and stop them all on Ctrl+C.
function runDemo(start) {
  start()
    .then(({ banner, stops }) => {
      console.log(`\n${banner}\n\n  Press Ctrl+C to stop.\n`);
      const stop = async () => {
        for (const fn of stops) await fn();
        process.exit(0);
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    })
    .catch((error) => {
      console.error(error);
      process.exit(1);
    });
}

module.exports = { runDemo };
