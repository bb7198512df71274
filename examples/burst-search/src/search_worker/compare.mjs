// Counts mask pixels whose colour-depth value is close to the library image's.
export const compareColorDepth = (mask, image, threshold = 20) => {
  const n = Math.min(mask.length, image.length);
  let score = 0;
  for (let i = 0; i < n; i++) {
    if (mask[i] !== 0 && Math.abs(mask[i] - image[i]) <= threshold) score++;
  }
  return score;
};
