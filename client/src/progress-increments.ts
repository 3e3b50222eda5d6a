/**
 * The server's work-done progress reports an absolute percentage; VS Code's progress notification
 * adds up increments. This turns one into the other (pure, unit-tested), ignoring repeats and steps back.
 */
export function percentageToIncrements(): (percentage: number | undefined) => number | undefined {
  let reported = 0;
  return (percentage) => {
    if (percentage === undefined || percentage <= reported) return undefined;
    const increment = Math.min(percentage, 100) - reported;
    reported += increment;
    return increment > 0 ? increment : undefined;
  };
}
