/**
 * Run axe-core on a story's canvas and fail on any violation (stories are axe-clean).
 */
import axe from 'axe-core';
import { expect } from 'storybook/test';

/**
 * Expect no axe violations inside `element`.
 * @example
 * play: async ({ canvasElement }) => expectNoAxeViolations(canvasElement)
 */
export async function expectNoAxeViolations(element: Element): Promise<void> {
  const result = await axe.run(element, { resultTypes: ['violations'] });
  await expect(result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}
