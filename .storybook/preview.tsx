import { StrictMode } from 'react';
import type { Preview } from '@storybook/react-vite';

/**
 * Every story renders inside `<StrictMode>`, like the component tests: effects that open media
 * or sockets must survive mount → unmount → mount.
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
};

export default preview;
