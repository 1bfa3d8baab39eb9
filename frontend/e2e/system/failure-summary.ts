import type { FullResult, Reporter, TestCase, TestResult } from "@playwright/test/reporter";

const ERROR_LINES = 25;

/**
 * Repeats, after everything else, each failed test's title and the first lines of its error (the assertion,
 * what was received, the call log). The list reporter prints them above its long attachment blocks, which
 * scroll away from the tail of a CI log; this keeps the cause in the last lines.
 */
export default class FailureSummary implements Reporter {
  private readonly failures: string[] = [];

  onTestEnd(test: TestCase, result: TestResult): void {
    if (result.status === "passed" || result.status === "skipped") return;
    const title = test.titlePath().filter(Boolean).join(" › ");
    const errors = result.errors.map((e) => stripAnsi(e.message ?? e.value ?? "").split("\n").slice(0, ERROR_LINES).join("\n"));
    this.failures.push(`✘ ${title} (${result.status}, retry ${result.retry})\n${errors.join("\n") || "(no error message)"}`);
  }

  onEnd(result: FullResult): void {
    if (!this.failures.length) return;
    console.log(`\nFailures (${result.status}), first ${ERROR_LINES} lines of each error:\n`);
    for (const failure of this.failures) console.log(`${failure}\n`);
  }

  printsToStdio(): boolean {
    return true;
  }
}

function stripAnsi(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;]*m/g, "");
}
