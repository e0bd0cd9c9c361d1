// A promise bounded in time: what `late` gives (or throws) when the work has not settled within `ms`.
export function within<T>(work: Promise<T>, ms: number, late: () => T): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<T>((resolve, reject) => {
    timer = setTimeout(() => {
      try {
        resolve(late());
      } catch (thrown) {
        reject(thrown);
      }
    }, ms);
  });
  return Promise.race([work, timedOut]).finally(() => clearTimeout(timer));
}
