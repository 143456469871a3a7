// @ts-check
/**
 * Asking the core while the clerk types: one question at a time, the newest winning.
 *
 * A question asked while another is being answered is asked as soon as that answer is
 * in, and the answer it overtook is not shown: a slow search never overwrites the
 * results of the text now in the box, and typing never queues searches behind each
 * other. No DOM and no core here, so it is tested in node.
 */

/**
 * @template Q
 * @param {() => Q} question  the question as it stands now (a copy, asked as it is)
 * @param {(question: Q) => Promise<void>} answer  asks it and shows its answer, unless
 *   `overtaken()` by the time the answer is in
 */
export function oneQuestionAtATime(question, answer) {
  /** The question being answered, if any. @type {Promise<void> | null} */
  let answering = null;
  /** Whether the question changed while the core was answering. */
  let overtaken = false;
  return {
    /**
     * Asks the question as it stands now. Settles once the answer to the newest
     * question is shown.
     * @returns {Promise<void>}
     */
    ask() {
      overtaken = true;
      if (answering) return answering;
      answering = (async () => {
        while (overtaken) {
          overtaken = false;
          await answer(question());
        }
      })().finally(() => { answering = null; });
      return answering;
    },
    /** Whether a newer question was asked since the one being answered. */
    overtaken: () => overtaken,
  };
}
