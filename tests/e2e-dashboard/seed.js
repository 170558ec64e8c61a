// Seed data for the dashboard's end-to-end test: the sheets as CSV (imported with
// `formsender import`) and the rest as SQL for the sqlite3 shell, with times relative to now
// so that "today" (JST) is today.
'use strict';

function iso(date) {
  return date.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

function jstDate(date) {
  return new Date(date.getTime() + 9 * 3600 * 1000).toISOString().slice(0, 10);
}

const q = (s) => `'${String(s).replace(/'/g, "''")}'`;

exports.targetingCsv =
  'id,active,client_id,description,subject,message,max_daily_sends,send_start_time,' +
  'send_days_of_week,concurrent_workflow,use_gcp_batch\n' +
  '1,TRUE,7,春の新サービス案内,件名,本文,50,09:00,"[0,1,2,3,4]",3,TRUE\n' +
  '2,TRUE,7,展示会のお知らせ,件名,本文,30,10:00,"[0,1,2,3,4]",2,TRUE\n';

exports.clientCsv =
  'id,company_name,company_name_kana,form_sender_name,last_name,first_name,last_name_kana,' +
  'first_name_kana,last_name_hiragana,first_name_hiragana,position,gender,email_1,email_2,' +
  'postal_code_1,postal_code_2,address_1,address_2,address_3,address_4,phone_1,phone_2,phone_3\n' +
  '7,株式会社サンプル,カブシキガイシャサンプル,営業部,山田,太郎,ヤマダ,タロウ,やまだ,たろう,部長,' +
  '男性,info,example.co.jp,100,0001,東京都,千代田区,千代田,1-1,03,1234,5678\n';

exports.sql = function sql(now) {
  const ago = (minutes) => q(iso(new Date(now.getTime() - minutes * 60000)));
  const today = q(jstDate(now));
  const out = ['BEGIN;'];
  const companies = [
    [101, '株式会社あおば'], [102, '有限会社みなと'], [103, '合同会社ひかり'], [104, '株式会社つばさ'],
  ];
  for (const [id, name] of companies) {
    out.push(`INSERT INTO companies (id, company_name, form_url) VALUES (${id}, ${q(name)}, ` +
             `${q(`http://form${id}.localhost/contact`)});`);
  }
  for (const [id, status] of [[101, 'done'], [102, 'done'], [103, 'done'], [104, 'pending']]) {
    out.push(`INSERT INTO send_queue (target_date_jst, targeting_id, company_id, status) VALUES ` +
             `(${today}, 1, ${id}, ${q(status)});`);
  }
  const mapping = JSON.stringify([
    {name: 'your-name', label: 'お名前', category: 'name', score: 0.93, value: '山田 太郎',
     evidence: ['label お名前', 'name=your-name']},
    {name: 'your-email', label: 'メールアドレス', category: 'email', score: 0.99,
     value: 'info@example.co.jp', evidence: ['type=email']},
    {name: 'inquiry', label: 'お問い合わせ内容', category: 'message', score: 0.88, value: '本文',
     evidence: ['textarea', 'label お問い合わせ']},
  ]);
  const subs = [
    [1, 101, null, 70, true, {code: 'SUCCESS', evidence: {original_url: 'http://form101.localhost/contact'}}],
    [2, 102, 'PROHIBITION_DETECTED', 55, false,
     {code: 'PROHIBITION_DETECTED', evidence: {original_url: 'http://form102.localhost/contact',
                                               prohibition_phrases: ['営業目的のお問い合わせはお断り']}}],
    [3, 103, 'FORM_VALIDATION_ERROR', 40, false,
     {code: 'FORM_VALIDATION_ERROR', category: 'form', evidence: {
       original_url: 'http://form103.localhost/contact', final_url: 'http://form103.localhost/confirm',
       http_status: 422, message: '必須項目が未入力です'}}],
  ];
  for (const [id, company, code, minutes, ok, detail] of subs) {
    out.push(`INSERT INTO submissions (id, targeting_id, company_id, error_type, submitted_at, ` +
             `success, classify_detail, field_mapping) VALUES (${id}, 1, ${company}, ` +
             `${code ? q(code) : 'NULL'}, ${ago(minutes)}, ${ok ? 1 : 0}, ${q(JSON.stringify(detail))}, ` +
             `${q(mapping)});`);
  }
  // Running executions whose batch monitor has already let go of them (finalized_at): serve's
  // monitor would otherwise look their (never submitted) jobs up at once and close them.
  const executions = [
    ['e2e-alpha', 1, 0, 'running', 95], ['e2e-beta', 1, 100, 'running', 25],
    ['e2e-gamma', 2, 0, 'running', 10], ['e2e-old', 2, 200, 'failed', 900],
  ];
  for (const [id, targeting, run, status, minutes] of executions) {
    const meta = {execution_mode: 'batch', batch: {
      backend: 'local', job_name: `local/jobs/${id}`, machine_type: 'e2-standard-2', prefer_spot: true,
      monitor: {state: 'monitoring', finalized_at: iso(now)}}};
    out.push(`INSERT INTO job_executions (execution_id, targeting_id, run_index_base, task_count, ` +
             `status, execution_mode, started_at, metadata) VALUES (${q(id)}, ${targeting}, ${run}, 3, ` +
             `${q(status)}, 'batch', ${ago(minutes)}, ${q(JSON.stringify(meta))});`);
  }
  out.push(`INSERT INTO job_execution_attempts (execution_id, job_name, task_index, attempt, status, ` +
           `machine_type, provisioning_model, preempted) VALUES ` +
           `('e2e-alpha', 'local/jobs/e2e-alpha', 0, 0, 'succeeded', 'n2d-custom-4-8192', 'SPOT', 0), ` +
           `('e2e-alpha', 'local/jobs/e2e-alpha', 1, 0, 'preempted', 'n2d-custom-4-8192', 'SPOT', 1), ` +
           `('e2e-alpha', 'local/jobs/e2e-alpha', 1, 1, 'running', 'n2d-custom-4-8192', 'SPOT', 0);`);
  out.push(`INSERT INTO send_ledger (targeting_id, company_id, target_date_jst, run_id, fencing_token, ` +
           `state, intent_at) VALUES (1, 101, ${today}, 'r', 1, 'sent', ${ago(70)});`);
  out.push('COMMIT;');
  return out.join('\n') + '\n';
};
