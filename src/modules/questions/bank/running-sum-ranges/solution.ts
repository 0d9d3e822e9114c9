function summaryRanges(nums: number[]): string[] {
  const ranges: string[] = [];
  let start = 0;
  while (start < nums.length) {
    let end = start;
    while (end + 1 < nums.length && nums[end + 1] === nums[end] + 1) end += 1;
    ranges.push(start === end ? String(nums[start]) : `${nums[start]}->${nums[end]}`);
    start = end + 1;
  }
  return ranges;
}
