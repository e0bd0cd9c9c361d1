// The learner's loss put into plain words when tfjs cannot train it, whichever driver trains it.

export class LossError extends Error {
  constructor(
    message: string,
    readonly cause: unknown,
  ) {
    super(message);
    this.name = 'LossError';
  }
}

/**
 * Puts tfjs's errors about the loss into plain words, keeping tfjs's own message after them;
 * `variables`: the names of those the loss should use.
 */
export function explainLossError(error: unknown, variables: readonly string[] = []): unknown {
  if (error instanceof LossError || !(error instanceof Error)) return error;
  const tfjs = `tfjs says: ${error.message}`;
  if (error.message.includes('Cannot find a connection between any variable')) {
    const which = variables.length ? `the variables it should train (${variables.join(', ')})` : 'any of the variables';
    return new LossError(`The loss does not use ${which}, so there is nothing to train: make it depend on them. ${tfjs}`, error);
  }
  if (error.message.includes('must return a scalar')) {
    return new LossError(`The loss must return a single number (a scalar tensor), not a tensor with several values: end it with .mean() or .sum(). ${tfjs}`, error);
  }
  if (error.message.includes('expects at least one of the input variables to be trainable')) {
    return new LossError(`None of the variables is trainable, so there is nothing to train. ${tfjs}`, error);
  }
  return error;
}
