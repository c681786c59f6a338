import { expect, fixture, html as testHtml } from '@open-wc/testing';
import { LitElement, html } from 'lit';
import type { JsonResult } from '../src/core/json-request.js';
import { ResourceController } from '../src/core/resource-controller.js';

interface Call {
  url: string;
  signal: AbortSignal;
  answer: (result: JsonResult<string>) => void;
}

const calls: Call[] = [];

class ResourceHost extends LitElement {
  static override properties = { src: {} };
  src?: string;
  renders: string[] = [];
  readonly resource = new ResourceController<string, ResourceHost>(this, {
    url: (el) => el.src || undefined,
    load: (_el, url, signal) => new Promise((answer) => calls.push({ url, signal, answer })),
  });

  override render() {
    const state = this.resource.loading ? 'loading' : (this.resource.data ?? (this.resource.error ? 'error' : 'empty'));
    this.renders.push(state);
    return html`<p>${state}</p>`;
  }
}
customElements.define('resource-host', ResourceHost);

const shown = (el: ResourceHost) => el.shadowRoot!.querySelector('p')!.textContent;
const ok = (data: string): JsonResult<string> => ({ ok: true, status: 200, data });

describe('ResourceController', () => {
  beforeEach(() => (calls.length = 0));

  it('loads on the first update, shows loading in that same render, then the data', async () => {
    const el = await fixture<ResourceHost>(testHtml`<resource-host src="/a"></resource-host>`);
    expect(el.renders).to.deep.equal(['loading']);
    expect(calls.map((c) => c.url)).to.deep.equal(['/a']);
    calls[0].answer(ok('A'));
    await el.updateComplete;
    await el.updateComplete;
    expect(shown(el)).to.equal('A');
  });

  it('asks nothing without a URL', async () => {
    const el = await fixture<ResourceHost>(testHtml`<resource-host></resource-host>`);
    expect(calls).to.have.length(0);
    expect(shown(el)).to.equal('empty');
  });

  it('aborts a request when the URL changes mid-flight, and shows only the new answer', async () => {
    const el = await fixture<ResourceHost>(testHtml`<resource-host src="/a"></resource-host>`);
    el.src = '/b';
    await el.updateComplete;
    expect(calls[0].signal.aborted).to.equal(true);
    calls[0].answer(ok('A'));
    calls[1].answer(ok('B'));
    await el.updateComplete;
    await el.updateComplete;
    expect(shown(el)).to.equal('B');
  });

  it('moved in the DOM while loading: aborts, then loads again once back, never stuck on loading', async () => {
    const el = await fixture<ResourceHost>(testHtml`<resource-host src="/a"></resource-host>`);
    const parent = el.parentElement!;
    el.remove();
    expect(calls[0].signal.aborted).to.equal(true);
    parent.append(el);
    await el.updateComplete;
    expect(calls).to.have.length(2);
    expect(shown(el)).to.equal('loading');
    calls[1].answer(ok('A again'));
    await el.updateComplete;
    await el.updateComplete;
    expect(shown(el)).to.equal('A again');
  });

  it('moved in the DOM after loading: keeps its data and asks nothing', async () => {
    const el = await fixture<ResourceHost>(testHtml`<resource-host src="/a"></resource-host>`);
    calls[0].answer(ok('A'));
    await el.updateComplete;
    await el.updateComplete;
    const parent = el.parentElement!;
    el.remove();
    parent.append(el);
    await el.updateComplete;
    expect(calls).to.have.length(1);
    expect(shown(el)).to.equal('A');
  });

  it('a refresh keeps the data until its answer; a failed one keeps it and reports the error', async () => {
    const el = await fixture<ResourceHost>(testHtml`<resource-host src="/a"></resource-host>`);
    calls[0].answer(ok('A'));
    await el.updateComplete;
    el.resource.start(true);
    expect(el.resource.data).to.equal('A');
    expect(el.resource.loading).to.equal(true);
    calls[1].answer({ ok: false, status: 503, reason: 'http' });
    await el.updateComplete;
    await el.updateComplete;
    expect(el.resource.data).to.equal('A');
    expect(el.resource.error?.reason).to.equal('http');
    expect(el.resource.loading).to.equal(false);
  });
});
