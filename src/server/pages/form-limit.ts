/**
 * @module server/pages/form-limit
 * Page forms have the same body limits as the API's JSON (uploads go to the API's assessment jobs): a
 * larger form is refused with 413 and the connection closed, since the rest of it is not read.
 */
import { bodyLimit } from 'hono/body-limit';
import { HttpProblem } from '../problem-response.js';

/** A body limit of `maxSize` bytes for a page's form. */
export const formLimit = (maxSize: number) =>
  bodyLimit({
    maxSize,
    onError: () => {
      throw new HttpProblem(413, 'body-too-large', `the form is larger than ${maxSize / 1024} KiB`, [], {
        connection: 'close',
      });
    },
  });
