import { useRef } from 'react';
import { useFeatures } from '../../data/useFeatures.ts';
import { useStrings } from '../../i18n/i18n.ts';
import { FeatureForm } from '../forms/FeatureForm.tsx';
import { isFormLayer } from '../forms/fieldSpecs.ts';
import { formStrings } from '../forms/strings.ts';
import { useUi } from '../useUi.ts';
import type { Workspace } from '../workspace.ts';
import { FeatureDetailsView } from './FeatureDetailsView.tsx';
import './details.css';

/**
 * The 详情 tab: the new-feature form while one is being placed, the edit form while editing the
 * selection, the selection's details otherwise, and a hint when nothing is selected.
 */
export function DetailsPanel({ ws }: { ws: Workspace }) {
  const ui = useUi(ws.ui);
  // Re-render on every change of the merged view: the details follow colleagues' edits live.
  useFeatures(ws.runtime.features);
  const s = useStrings(formStrings);
  // The layer of the feature being edited, remembered in case a colleague deletes it meanwhile.
  const editedLayer = useRef<{ id: string; layer: unknown } | null>(null);

  const draft = ui.draft;
  if (draft && isFormLayer(draft.layer)) {
    return <FeatureForm key="draft" ws={ws} target={{ kind: 'new', draft: { ...draft, layer: draft.layer } }} />;
  }
  const details = ui.selection ? ws.runtime.features.details(ui.selection) : null;
  if (ui.selection && ui.editing) {
    // A form stays open when its feature is deleted meanwhile: it says so and keeps the input.
    const known = editedLayer.current?.id === ui.selection ? editedLayer.current.layer : undefined;
    const layer = details?.record.layer ?? ws.editor.read(ui.selection)?.json.layer ?? known;
    editedLayer.current = { id: ui.selection, layer };
    if (isFormLayer(layer)) return <FeatureForm key={ui.selection} ws={ws} target={{ kind: 'edit', id: ui.selection, layer }} />;
  }
  if (!details) {
    return (
      <p className="ws-muted details__hint" data-testid="details-hint">
        {s.hint}
      </p>
    );
  }
  return <FeatureDetailsView ws={ws} details={details} />;
}
