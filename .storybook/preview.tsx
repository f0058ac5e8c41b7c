import { StrictMode } from 'react';
import type { Preview } from '@storybook/react-vite';
import axe from 'axe-core';

/**
 * Every story renders inside `<StrictMode>`, like the component tests: effects that open media
 * or sockets must survive mount → unmount → mount. After each story (and its play function)
 * axe-core checks the rendered canvas: a serious or critical violation fails the story's test.
 */
const preview: Preview = {
  decorators: [
    (Story) => (
      <StrictMode>
        <Story />
      </StrictMode>
    ),
  ],
  parameters: {
    layout: 'centered',
    controls: { expanded: true },
  },
  tags: ['autodocs'],
  async afterEach({ canvasElement }) {
    const results = await axe.run(canvasElement, { resultTypes: ['violations'] });
    const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    if (serious.length > 0) {
      const detail = serious.map((v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.map((n) => n.target.join(' ')).join('\n  ')}`).join('\n');
      throw new Error(`axe found ${serious.length} serious/critical accessibility violation(s):\n${detail}`);
    }
  },
};

export default preview;
