// The conversation state the app uses: botbuilder's ConversationState with a cheaper forced save.
import { MemoryStorage, TestAdapter, TurnContext, type Activity, type StoreItems } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import { TurnEndConversationState } from '../../src/bot/conversation.js';

class CountingStorage extends MemoryStorage {
  writes: StoreItems[] = [];
  override write(changes: StoreItems): Promise<void> {
    this.writes.push(structuredClone(changes));
    return super.write(changes);
  }
}

const turn = (text: string): Partial<Activity> => ({
  type: 'message',
  text,
  channelId: 'test',
  conversation: { id: 'c1', isGroup: false, conversationType: 'personal', name: '' },
  from: { id: 'u1', name: '' },
  recipient: { id: 'bot', name: '' },
});

describe('TurnEndConversationState', () => {
  it('a forced save writes the loaded state under eTag "*", and the next turn reads it back', async () => {
    const storage = new CountingStorage();
    const state = new TurnEndConversationState(storage);
    const notes = state.createProperty<string[]>('notes');
    const adapter = new TestAdapter();

    await adapter.processActivity(turn('一'), async (context: TurnContext) => {
      const list = await notes.get(context, []);
      list.push(context.activity.text ?? '');
      await notes.set(context, list);
      await state.saveChanges(context, true);
    });
    expect(storage.writes).toHaveLength(1);
    expect(Object.values(storage.writes[0] ?? {})[0]).toMatchObject({ notes: ['一'], eTag: '*' });

    let seen: string[] = [];
    await adapter.processActivity(turn('二'), async (context: TurnContext) => {
      seen = [...(await notes.get(context, []))];
    });
    expect(seen).toEqual(['一']);
  });

  it('a forced save with nothing loaded writes an empty state, as botbuilder does', async () => {
    const storage = new CountingStorage();
    const state = new TurnEndConversationState(storage);
    await new TestAdapter().processActivity(turn('x'), (context: TurnContext) => state.saveChanges(context, true));
    expect(Object.values(storage.writes[0] ?? {})[0]).toEqual({ eTag: '*' });
  });

  it('leaves unforced saves to botbuilder: nothing changed, nothing written', async () => {
    const storage = new CountingStorage();
    const state = new TurnEndConversationState(storage);
    await new TestAdapter().processActivity(turn('x'), async (context: TurnContext) => {
      await state.load(context);
      await state.saveChanges(context);
    });
    expect(storage.writes).toHaveLength(0);
  });
});
