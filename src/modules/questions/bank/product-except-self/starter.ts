function productExceptSelf(nums: number[]): number[] {
  // Return an array whose i-th entry is the product of every element of nums except nums[i].
  return [];
}
