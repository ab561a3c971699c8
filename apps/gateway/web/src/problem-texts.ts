/** What a problem says to the people using the pages. (Red step: no texts yet.) */
export interface ProblemText {
  de: string;
  en: string;
}

export const PROBLEM_TEXTS: Readonly<Record<string, ProblemText>> = {};

export const STATUS_TEXTS: Readonly<Record<number, ProblemText>> = {};

export function problemText(problem: { status: number; code?: string; detail?: string }, language: 'de' | 'en'): string {
  return problem.detail ?? String(problem.status) + language;
}
