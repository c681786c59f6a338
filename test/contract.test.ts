// The widgets accept exactly what server/openapi.yaml promises: its examples pass the widgets' own validators.
import { expect } from '@open-wc/testing';
import { validAggregate, validVote, validVoteResult } from '../src/star-rating/rating-data.js';
import { parseStats } from '../src/visit-stats/stats-data.js';
import { itemsFromJson, pickItems } from '../src/related-posts/related-data.js';

describe('the widgets and the OpenAPI document', () => {
  let spec: {
    paths: Record<
      string,
      Record<string, { responses: Record<string, { content: Record<string, { example: unknown }> }> }>
    >;
  };
  const example = (path: string, method: string, status = '200') =>
    spec.paths[path][method].responses[status].content['application/json'].example;

  before(async () => {
    spec = await (await fetch('/__test__/openapi.json')).json();
  });

  it('star-rating accepts every rating example', () => {
    expect(validAggregate(example('/ratings/{item}', 'get'), 5)).to.deep.equal({
      count: 2,
      sum: 10,
      average: 5,
      max: 5,
    });
    expect(validVote(example('/ratings/{item}/vote', 'get'), 5)).to.deep.equal({ score: 4 });
    expect(validVoteResult(example('/ratings/{item}/vote', 'put'), 5)?.score).to.equal(4);
    expect(validVoteResult(example('/ratings/{item}/vote', 'delete'), 5)?.score).to.equal(null);
  });

  it('visit-stats reads every count and the date from the stats example', () => {
    const stats = parseStats(example('/stats', 'get'))!;
    expect(Object.keys(stats.counts)).to.have.length(7);
    expect(stats.date).to.include({ month: '07', year: '2024' });
  });

  it('related-posts shows the related example', () => {
    const items = pickItems(itemsFromJson(example('/related/{item}', 'get'))!, 5);
    expect(items).to.have.length(1);
    expect(items[0].image?.src).to.match(/^https?:\/\/.+\/img\/thumb-2\.svg$/);
  });
});
