import { expect, fixture, html as testHtml } from '@open-wc/testing';
import { LitElement, html } from 'lit';
import type { JsonResult } from '../src/core/json-request.js';
import { ResourceController } from '../src/core/resource-controller.js';
import { sent } from './helpers.js';

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
/** Waits for the request under way to be handled and its render done. */
const landed = async (el: ResourceHost) => {
  await el.resource.request;
  await el.updateComplete;
};

describe('ResourceController', () => {
  beforeEach(() => (calls.length = 0));

  it('shows loading in the first render, sends the request in the next task, then shows the data', async () => {
    const el = await fixture<ResourceHost>(testHtml`<resource-host src="/a"></resource-host>`);
    expect(el.renders).to.deep.equal(['loading']);
    // Not in the first render's task, which on a cheap phone is long enough already.
    expect(calls).to.have.length(0);
    await sent(calls, 1);
    expect(calls.map((c) => c.url)).to.deep.equal(['/a']);
    expect(el.renders).to.deep.equal(['loading']);
    calls[0].answer(ok('A'));
    await landed(el);
    expect(shown(el)).to.equal('A');
  });

  it('asks nothing without a URL', async () => {
    const el = await fixture<ResourceHost>(testHtml`<resource-host></resource-host>`);
    expect(calls).to.have.length(0);
    expect(shown(el)).to.equal('empty');
  });

  it('aborts a request when the URL changes mid-flight, and shows only the new answer', async () => {
    const el = await fixture<ResourceHost>(testHtml`<resource-host src="/a"></resource-host>`);
    await sent(calls, 1);
    el.src = '/b';
    await sent(calls, 2);
    expect(calls[0].signal.aborted).to.equal(true);
    calls[0].answer(ok('A'));
    calls[1].answer(ok('B'));
    await landed(el);
    expect(shown(el)).to.equal('B');
  });

  it('a URL changed before its request is sent: only the new one is sent', async () => {
    const el = await fixture<ResourceHost>(testHtml`<resource-host src="/a"></resource-host>`);
    el.src = '/b';
    await el.updateComplete;
    await sent(calls, 1);
    await new Promise((next) => setTimeout(next, 20));
    expect(calls.map((c) => c.url)).to.deep.equal(['/b']);
  });

  it('moved in the DOM before its request is sent: sends one request, once back', async () => {
    const el = await fixture<ResourceHost>(testHtml`<resource-host src="/a"></resource-host>`);
    const parent = el.parentElement!;
    el.remove();
    parent.append(el);
    await sent(calls, 1);
    await new Promise((next) => setTimeout(next, 20));
    expect(calls).to.have.length(1);
    calls[0].answer(ok('A'));
    await landed(el);
    expect(shown(el)).to.equal('A');
  });

  it('removed before its request is sent: sends nothing', async () => {
    const el = await fixture<ResourceHost>(testHtml`<resource-host src="/a"></resource-host>`);
    el.remove();
    await new Promise((next) => setTimeout(next, 20));
    expect(calls).to.have.length(0);
  });

  it('moved in the DOM while loading: aborts, then loads again once back, never stuck on loading', async () => {
    const el = await fixture<ResourceHost>(testHtml`<resource-host src="/a"></resource-host>`);
    await sent(calls, 1);
    const parent = el.parentElement!;
    el.remove();
    expect(calls[0].signal.aborted).to.equal(true);
    parent.append(el);
    await sent(calls, 2);
    expect(calls).to.have.length(2);
    expect(shown(el)).to.equal('loading');
    calls[1].answer(ok('A again'));
    await landed(el);
    expect(shown(el)).to.equal('A again');
  });

  it('moved in the DOM after loading: keeps its data and asks nothing', async () => {
    const el = await fixture<ResourceHost>(testHtml`<resource-host src="/a"></resource-host>`);
    await sent(calls, 1);
    calls[0].answer(ok('A'));
    await landed(el);
    const parent = el.parentElement!;
    el.remove();
    parent.append(el);
    await el.updateComplete;
    expect(calls).to.have.length(1);
    expect(shown(el)).to.equal('A');
  });

  it('a refresh keeps the data until its answer; a failed one keeps it and reports the error', async () => {
    const el = await fixture<ResourceHost>(testHtml`<resource-host src="/a"></resource-host>`);
    await sent(calls, 1);
    calls[0].answer(ok('A'));
    await landed(el);
    el.resource.start(true);
    expect(el.resource.data).to.equal('A');
    expect(el.resource.loading).to.equal(true);
    await sent(calls, 2);
    calls[1].answer({ ok: false, status: 503, reason: 'http' });
    await landed(el);
    expect(el.resource.data).to.equal('A');
    expect(el.resource.error?.reason).to.equal('http');
    expect(el.resource.loading).to.equal(false);
  });
});
