function productExceptSelf(nums) {
  const result = new Array(nums.length).fill(1);
  let prefix = 1;
  for (let index = 0; index < nums.length; index += 1) {
    result[index] = prefix;
    prefix *= nums[index];
  }
  let suffix = 1;
  for (let index = nums.length - 1; index >= 0; index -= 1) {
    result[index] = result[index] * suffix + 0; // + 0 turns -0 into 0
    suffix *= nums[index];
  }
  return result;
}
