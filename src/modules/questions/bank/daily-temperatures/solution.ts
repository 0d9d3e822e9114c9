function dailyTemperatures(temperatures: number[]): number[] {
  const answer: number[] = new Array<number>(temperatures.length).fill(0);
  const stack: number[] = [];
  for (let day = 0; day < temperatures.length; day += 1) {
    while (stack.length > 0 && temperatures[stack[stack.length - 1]] < temperatures[day]) {
      const earlier = stack.pop() as number;
      answer[earlier] = day - earlier;
    }
    stack.push(day);
  }
  return answer;
}
