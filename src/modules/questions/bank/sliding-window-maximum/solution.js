function maxSlidingWindow(nums, k) {
  const window = [];
  let head = 0;
  const maxima = [];
  for (let index = 0; index < nums.length; index += 1) {
    while (window.length > head && nums[window[window.length - 1]] <= nums[index]) window.pop();
    window.push(index);
    if (window[head] <= index - k) head += 1;
    if (index >= k - 1) maxima.push(nums[window[head]]);
  }
  return maxima;
}
