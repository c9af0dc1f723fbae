/**
 * One code-server and one workbench page for a whole `describe` block: started before its
 * first test, closed after its last with a final screenshot for the reader of a failed run.
 */
import { after, before } from 'node:test';
import type { Page } from 'playwright-core';
import { startCodeServer, type CodeServer } from './code-server';
import { openWorkbench, screenshot, type Workbench } from './workbench';

/** What the tests of the block use; reading it before the block started throws. */
export interface SuiteWorkbench {
  readonly cs: CodeServer;
  readonly page: Page;
}

/** Call inside `describe`: registers the block's before/after hooks for `workspace`. */
export function suiteWorkbench(workspace: string, finalScreenshot: string): SuiteWorkbench {
  let cs: CodeServer | undefined;
  let wb: Workbench | undefined;
  before(async () => {
    cs = await startCodeServer(workspace);
    wb = await openWorkbench(cs.url);
  });
  after(async () => {
    if (wb) await screenshot(wb.page, finalScreenshot).catch(() => undefined);
    await wb?.close();
    await cs?.close();
  });
  return {
    get cs(): CodeServer {
      if (!cs) throw new Error('code-server is not up: the before hook did not run or failed');
      return cs;
    },
    get page(): Page {
      if (!wb) throw new Error('the workbench is not open: the before hook did not run or failed');
      return wb.page;
    },
  };
}
