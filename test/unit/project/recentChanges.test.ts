import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RecentChanges } from '../../../src/core/project/recentChanges';

/** A clock the test moves. */
function clock(): { now: () => number; at: (t: number) => void } {
  let t = 0;
  return { now: () => t, at: (v) => (t = v) };
}

test('a change to a file read since a moment counts; one before it, or to a file not read (not Python), does not', () => {
  const c = clock();
  const recent = new RecentChanges(100, c.now);
  c.at(5);
  recent.note('/ws/site/settings.py');
  c.at(10);
  recent.note('/ws/media/upload.png');
  recent.note('/ws/.env');
  assert.equal(recent.changedSince(6, ['/ws/site/settings.py']), false, 'changed before the moment');
  assert.equal(recent.changedSince(5, ['/ws/site/settings.py']), true, 'changed at the moment');
  assert.equal(recent.changedSince(6, ['/ws/.env']), true);
  assert.equal(recent.changedSince(6, ['/ws/manage.py']), false, 'an image and an env file not read');
});

test('any Python module changed since counts: one created where an import found none', () => {
  const c = clock();
  const recent = new RecentChanges(100, c.now);
  c.at(20);
  recent.note('/ws/site/local_settings.py');
  assert.equal(recent.changedSince(10, ['/ws/site/settings.py']), true);
  assert.equal(recent.changedSince(21, ['/ws/site/settings.py']), false);
});

test('past its bound it forgets the oldest changes, and then says "changed" for any moment before them', () => {
  const c = clock();
  const recent = new RecentChanges(3, c.now);
  for (let t = 1; t <= 5; t++) {
    c.at(t);
    recent.note(`/ws/media/${t}.png`);
  }
  // Changes at 1 and 2 were forgotten: nothing can be said of a moment at or before 2.
  assert.equal(recent.changedSince(1, ['/ws/site/settings.py']), true);
  assert.equal(recent.changedSince(2, ['/ws/site/settings.py']), true);
  assert.equal(recent.changedSince(3, ['/ws/site/settings.py']), false);
  assert.equal(recent.changedSince(3, ['/ws/media/4.png']), true);
});
