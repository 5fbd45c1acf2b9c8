/** mergeModels over the objects of a large repository (a 4x bench/repo-scale.mjs run stopped with "Maximum call stack size exceeded"). */
import t from 'tap';
import { mergeModels } from '../src/model/merge.js';
import { emptyModel, type Model } from '../src/model/types.js';

t.test('200,000 objects merge without overflowing the stack, in order', async (t) => {
  const big = emptyModel();
  for (let i = 0; i < 200_000; i++) big.objects.push({ i } as unknown as Model['objects'][number]);
  const tail = emptyModel();
  tail.objects.push({ i: 'last' } as unknown as Model['objects'][number]);
  const merged = mergeModels([big, tail]);
  t.equal(merged.objects.length, 200_001);
  t.same([merged.objects[0], merged.objects[200_000]], [{ i: 0 }, { i: 'last' }]);
});
