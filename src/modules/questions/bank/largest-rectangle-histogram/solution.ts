function largestRectangleArea(heights: number[]): number {
  let best = 0;
  const stack: number[] = [];
  for (let index = 0; index <= heights.length; index += 1) {
    const height = index < heights.length ? heights[index] : 0;
    while (stack.length > 0 && heights[stack[stack.length - 1]] >= height) {
      const top = stack.pop() as number;
      const left = stack.length > 0 ? stack[stack.length - 1] + 1 : 0;
      best = Math.max(best, heights[top] * (index - left));
    }
    stack.push(index);
  }
  return best;
}
