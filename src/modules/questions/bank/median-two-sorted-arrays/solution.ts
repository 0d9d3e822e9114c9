function findMedianSortedArrays(nums1: number[], nums2: number[]): number {
  const [shorter, longer]: [number[], number[]] =
    nums1.length <= nums2.length ? [nums1, nums2] : [nums2, nums1];
  const m = shorter.length;
  const n = longer.length;
  const total = m + n;
  const half = Math.floor((total + 1) / 2);
  let low = 0;
  let high = m;
  while (low <= high) {
    const i = Math.floor((low + high) / 2);
    const j = half - i;
    const shortLeft = i > 0 ? shorter[i - 1] : -Infinity;
    const shortRight = i < m ? shorter[i] : Infinity;
    const longLeft = j > 0 ? longer[j - 1] : -Infinity;
    const longRight = j < n ? longer[j] : Infinity;
    if (shortLeft > longRight) high = i - 1;
    else if (longLeft > shortRight) low = i + 1;
    else {
      const leftMax = Math.max(shortLeft, longLeft);
      if (total % 2 === 1) return leftMax;
      return (leftMax + Math.min(shortRight, longRight)) / 2;
    }
  }
  throw new Error('the arrays must be sorted and not both empty');
}
