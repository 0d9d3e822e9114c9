function twoSum(nums, target) {
  const seen = new Map();
  for (let index = 0; index < nums.length; index += 1) {
    const wanted = target - nums[index];
    if (seen.has(wanted)) return [seen.get(wanted), index];
    seen.set(nums[index], index);
  }
  return [];
}
