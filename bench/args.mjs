// Command-line `--name value` lookup for the bench scripts. A module of its own, without imports,
// so the native baseline can use it without loading Playwright into the process it measures.

/** `arg(name, fallback)`: the value after `--name`, or the fallback. */
export function argReader(args = process.argv.slice(2)) {
  return (name, fallback) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? args[i + 1] : fallback;
  };
}
